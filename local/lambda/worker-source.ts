/**
 * The bootstrap each function worker runs (as an `eval` worker, CommonJS): it loads the handler once,
 * then serves invocations one at a time, like one Lambda execution environment.
 *
 * Protocol (parentPort messages):
 *  main → worker: { type: 'invoke', requestId, payload, deadlineMs, clockOffsetMs, invokedFunctionArn, clientContext? }
 *  worker → main: { type: 'ready' } | { type: 'initError', error }
 *                 { type: 'log', requestId, line } | { type: 'result', requestId, ok, payload?, error?, memoryUsedMb }
 */
export const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const v8 = require('node:v8');

let clockOffsetMs = workerData.clockOffsetMs || 0;
const RealDate = Date;
if (workerData.shareClock) {
  globalThis.Date = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [RealDate.now() + clockOffsetMs] : args, newTarget);
    },
    apply() {
      return new RealDate(RealDate.now() + clockOffsetMs).toString();
    },
    get(target, property, receiver) {
      if (property === 'now') return () => RealDate.now() + clockOffsetMs;
      return Reflect.get(target, property, receiver);
    },
  });
}

let currentRequestId;
function timestamp() {
  return new RealDate(RealDate.now() + clockOffsetMs).toISOString();
}
function emit(level, args) {
  const line = timestamp() + '\t' + (currentRequestId || 'undefined') + '\t' + level + '\t' + util.format.apply(util, args);
  parentPort.postMessage({ type: 'log', requestId: currentRequestId, line });
}
console.log = (...args) => emit('INFO', args);
console.info = (...args) => emit('INFO', args);
console.warn = (...args) => emit('WARN', args);
console.error = (...args) => emit('ERROR', args);
console.debug = (...args) => emit('DEBUG', args);
console.trace = (...args) => emit('TRACE', args);

function toError(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name || (error.constructor && error.constructor.name) || 'Error',
      errorMessage: error.message,
      trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
    };
  }
  let message;
  try { message = typeof error === 'string' ? error : JSON.stringify(error); } catch (e) { message = String(error); }
  return { errorType: typeof error, errorMessage: message, trace: [] };
}

function resolveHandler() {
  const taskRoot = workerData.taskRoot;
  const handlerString = workerData.handler;
  const slash = handlerString.lastIndexOf('/');
  const dirPart = slash >= 0 ? handlerString.slice(0, slash + 1) : '';
  const rest = slash >= 0 ? handlerString.slice(slash + 1) : handlerString;
  const dot = rest.indexOf('.');
  if (dot <= 0) {
    const error = new Error('Bad handler ' + handlerString);
    error.name = 'Runtime.MalformedHandlerName';
    throw error;
  }
  const moduleName = dirPart + rest.slice(0, dot);
  const exportPath = rest.slice(dot + 1).split('.');
  for (const extension of ['.js', '.mjs', '.cjs']) {
    const file = path.resolve(taskRoot, moduleName + extension);
    if (fs.existsSync(file)) return { file, exportPath, moduleName };
  }
  const error = new Error("Cannot find module '" + moduleName + "'");
  error.name = 'Runtime.ImportModuleError';
  throw error;
}

let handlerFunction;
async function init() {
  const { file, exportPath, moduleName } = resolveHandler();
  let loaded;
  try {
    loaded = await import(pathToFileURL(file).href);
  } catch (cause) {
    const error = new Error(cause && cause.message ? cause.message : String(cause));
    error.name = cause instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' : 'Runtime.ImportModuleError';
    error.stack = cause && cause.stack ? cause.stack : error.stack;
    throw error;
  }
  let target = loaded;
  for (const key of exportPath) target = target == null ? undefined : (target[key] !== undefined ? target[key] : (target.default && target.default[key]));
  if (typeof target !== 'function') {
    const error = new Error(moduleName + '.' + exportPath.join('.') + ' is undefined or not exported');
    error.name = 'Runtime.HandlerNotFound';
    throw error;
  }
  handlerFunction = target;
}

// This worker's own memory (its V8 heap and the buffers it holds): the process-wide RSS would count every other
// function and the emulators too.
function memoryUsedMb() {
  const heap = v8.getHeapStatistics();
  return Math.ceil((heap.total_heap_size + heap.external_memory + heap.malloced_memory) / 1048576);
}

let inFlight;
function finish(requestId, outcome) {
  if (!inFlight || inFlight !== requestId) return;
  inFlight = undefined;
  currentRequestId = undefined;
  parentPort.postMessage(Object.assign({ type: 'result', requestId, memoryUsedMb: memoryUsedMb() }, outcome));
}

process.on('uncaughtException', (error) => {
  if (inFlight) {
    const requestId = inFlight;
    emit('ERROR', ['Uncaught Exception \t' + JSON.stringify(toError(error))]);
    finish(requestId, { ok: false, error: Object.assign(toError(error), {}), fatal: true });
  }
  process.exit(129);
});
process.on('unhandledRejection', (reason) => {
  if (inFlight) {
    const requestId = inFlight;
    const error = toError(reason);
    const wrapped = { errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: error.errorType + ': ' + error.errorMessage, trace: error.trace };
    emit('ERROR', ['Unhandled Promise Rejection \t' + JSON.stringify(wrapped)]);
    finish(requestId, { ok: false, error: wrapped, fatal: true });
  }
  process.exit(128);
});

async function invoke(message) {
  const { requestId, payload, deadlineMs } = message;
  clockOffsetMs = message.clockOffsetMs || 0;
  inFlight = requestId;
  currentRequestId = requestId;
  let event;
  try {
    event = JSON.parse(payload);
  } catch (error) {
    finish(requestId, { ok: false, error: toError(error) });
    return;
  }
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: workerData.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: String(workerData.memoryMb),
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/' + workerData.functionName,
    logStreamName: workerData.logStreamName,
    clientContext: message.clientContext,
    identity: undefined,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - RealDate.now()),
    done: (error, result) => (error ? fail(error) : succeed(result)),
    succeed: (result) => succeed(result),
    fail: (error) => fail(error),
  };
  function succeed(result) {
    let serialized;
    try {
      serialized = JSON.stringify(result === undefined ? null : result);
    } catch (error) {
      fail(error);
      return;
    }
    finish(requestId, { ok: true, payload: serialized === undefined ? 'null' : serialized });
  }
  function fail(error) {
    const formatted = toError(error);
    emit('ERROR', ['Invoke Error \t' + JSON.stringify(formatted)]);
    finish(requestId, { ok: false, error: formatted });
  }
  try {
    const callback = (error, result) => (error ? fail(error) : succeed(result));
    const returned = handlerFunction.length >= 3 ? handlerFunction(event, context, callback) : handlerFunction(event, context);
    if (returned && typeof returned.then === 'function') {
      returned.then(succeed, fail);
    } else if (handlerFunction.length < 3) {
      succeed(returned);
    }
  } catch (error) {
    fail(error);
  }
}

init().then(
  () => parentPort.postMessage({ type: 'ready' }),
  (error) => parentPort.postMessage({ type: 'initError', error: toError(error) }),
);
parentPort.on('message', (message) => {
  if (message && message.type === 'invoke') invoke(message);
});
`;

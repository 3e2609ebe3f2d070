export { handler } from './handler';

/**
 * The game in the browser (`/_local/console/game`): sign in with the stack's user pool, stand somewhere in the play
 * area, see wild fakémon appear live, capture with one click, see your result and the world change as others
 * capture, with every WebSocket message in a log. Only the public APIs, with the player's token.
 */
import { useEffect, useState } from 'preact/hooks';
import type { GameClientConfig, StackInfo } from '../../../shared/api';
import { signIn, signUp } from '../game/cognito';
import { GameSession, type Position, type SessionState } from '../game/game-session';
import { NeighbourhoodMap } from '../game/neighbourhood-map';
import { outcomeText, type Attempt } from '../game/world';

// The session outlives the panel: switching tabs does not sign the player out or close the socket.
let session: GameSession | undefined;

export function GamePanel({ stack }: { readonly stack: StackInfo }) {
  const [current, setCurrent] = useState(session);
  const { game, restUrl, webSocketUrl } = stack;
  if (!game || !restUrl || !webSocketUrl) {
    return (
      <section class="card empty-state" data-testid="game">
        <h2>The game</h2>
        <p class="muted">This stack has no players' pool, REST API or WebSocket API: there is no game to play.</p>
      </section>
    );
  }
  const start = (player: GameSession['player']): void => {
    session = new GameSession(player, { restUrl, webSocketUrl });
    session.connect();
    setCurrent(session);
  };
  const signOut = (): void => {
    session?.close();
    session = undefined;
    setCurrent(undefined);
  };
  return (
    <section class="card game" data-testid="game">
      {current ? <Playing session={current} game={game} onSignOut={signOut} /> : <SignIn endpoint={stack.awsEndpoint} game={game} onSignedIn={start} />}
    </section>
  );
}

function SignIn({ endpoint, game, onSignedIn }: { endpoint: string; game: GameClientConfig; onSignedIn: (player: GameSession['player']) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async (create: boolean): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      if (create) await signUp(endpoint, game.userPoolClientId, name, password);
      onSignedIn(await signIn(endpoint, game.userPoolClientId, name, password));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="game-sign-in"
      onSubmit={(e) => {
        e.preventDefault();
        void run(false);
      }}
    >
      <h2>Sign in to play</h2>
      <p class="muted">
        With the stack's user pool (app client <code>{game.userPoolClientId}</code>), as a mobile client does. A new player needs a name of 3–24 lowercase
        letters, digits or “_” and a password the pool's policy accepts.
      </p>
      <label>
        Player
        <input data-testid="game-name" value={name} autocomplete="username" onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        Password
        <input data-testid="game-password" type="password" value={password} autocomplete="current-password" onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      <div class="buttons">
        <button type="submit" class="primary" data-testid="game-sign-in" disabled={busy || !name || !password}>
          Sign in
        </button>
        <button type="button" data-testid="game-sign-up" disabled={busy || !name || !password} onClick={() => void run(true)}>
          Create player and sign in
        </button>
      </div>
      {error ? (
        <p class="error-text" data-testid="game-auth-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function useSession(session: GameSession): SessionState {
  const [state, setState] = useState(session.state);
  useEffect(() => {
    setState(session.state);
    return session.subscribe(setState);
  }, [session]);
  return state;
}

const centreOf = (area: NonNullable<GameClientConfig['playArea']>): Position => ({ lat: (area.south + area.north) / 2, lng: (area.west + area.east) / 2 });
const round = (n: number): number => Math.round(n * 1e5) / 1e5;

function Playing({ session, game, onSignOut }: { session: GameSession; game: GameClientConfig; onSignOut: () => void }) {
  const state = useSession(session);
  const area = game.playArea;
  const start = state.position ?? (area ? centreOf(area) : { lat: 0, lng: 0 });
  const [lat, setLat] = useState(String(round(start.lat)));
  const [lng, setLng] = useState(String(round(start.lng)));
  const [problem, setProblem] = useState<string>();
  const go = (position: Position): void => {
    if (!Number.isFinite(position.lat) || !Number.isFinite(position.lng)) return setProblem('latitude and longitude are numbers in degrees');
    if (area && (position.lat < area.south || position.lat > area.north || position.lng < area.west || position.lng > area.east)) {
      return setProblem(`outside the play area (${area.south}…${area.north} N, ${area.west}…${area.east} E): no fakémon spawn there`);
    }
    setProblem(undefined);
    setLat(String(round(position.lat)));
    setLng(String(round(position.lng)));
    session.moveTo(position);
  };
  const random = (): void => {
    if (area) go({ lat: area.south + Math.random() * (area.north - area.south), lng: area.west + Math.random() * (area.east - area.west) });
  };
  const { world } = state;
  const fakemon = [...world.fakemon.values()];
  const attemptsOf = (id: string): Attempt[] => world.attempts.filter((a) => a.fakemon === id);

  return (
    <div class="game-layout">
      <div class="game-top">
        <h2>
          Playing as <span data-testid="game-player">{session.player.name}</span>
        </h2>
        <span class={`connection ${state.connection === 'open' ? 'on' : 'off'}`} data-testid="game-connection" data-state={state.connection}>
          {state.connection === 'open' ? 'connected' : state.connection === 'closed' ? state.closeReason : 'connecting…'}
        </span>
        {state.connection === 'closed' ? (
          <button type="button" onClick={() => session.connect()}>
            Reconnect
          </button>
        ) : null}
        <button type="button" data-testid="game-sign-out" onClick={onSignOut}>
          Sign out
        </button>
      </div>
      <form
        class="game-position"
        onSubmit={(e) => {
          e.preventDefault();
          go({ lat: Number(lat), lng: Number(lng) });
        }}
      >
        <label>
          Latitude
          <input data-testid="game-lat" value={lat} onInput={(e) => setLat(e.currentTarget.value)} />
        </label>
        <label>
          Longitude
          <input data-testid="game-lng" value={lng} onInput={(e) => setLng(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary" data-testid="game-go">
          Stand here
        </button>
        {area ? (
          <button type="button" onClick={random}>
            Random spot
          </button>
        ) : null}
        {problem ? <span class="error-text">{problem}</span> : null}
        {world.watchError ? <span class="error-text">{world.watchError}</span> : null}
        {world.watching ? (
          <span class="muted" data-testid="game-watching" data-cell={world.watching.cell}>
            watching cell {world.watching.cell} and {world.watching.cells.length - 1} around it
          </span>
        ) : null}
      </form>
      <div class="game-main">
        <div>
          {state.position && world.watching ? (
            <NeighbourhoodMap position={state.position} cell={world.watching.cell} cells={world.watching.cells} fakemon={fakemon} onCapture={(id) => void session.capture(id)} />
          ) : (
            <p class="muted">{state.position ? 'Waiting for the neighbourhood…' : 'Choose where you stand: the fakémon around you appear here as they spawn.'}</p>
          )}
        </div>
        <div class="game-side">
          <h3>Fakémon around you</h3>
          {fakemon.length === 0 ? <p class="muted">None yet: they appear as they spawn nearby.</p> : null}
          <ul class="fakemon-list">
            {fakemon.map((f) => (
              <li key={f.id} data-testid="fakemon-row" data-fakemon={f.id} data-state={f.state}>
                <span class="species">{f.species ?? f.id}</span> <code>{f.id}</code>{' '}
                <span class={`world-state ${f.state}`} data-testid="fakemon-state">
                  {f.state === 'wild' ? 'wild' : f.state === 'captured' ? 'captured (gone)' : 'fled'}
                </span>
                {f.state === 'wild' ? (
                  <button type="button" class="primary" data-testid="capture" onClick={() => void session.capture(f.id)}>
                    Capture
                  </button>
                ) : null}
                {attemptsOf(f.id).map((a) => (
                  <AttemptResult key={a.attemptId} attempt={a} />
                ))}
              </li>
            ))}
          </ul>
        </div>
      </div>
      <div class="game-log">
        <h3>WebSocket messages</h3>
        <ol data-testid="ws-log">
          {state.log.map((line) => (
            <li key={line.seq} class={`ws-${line.direction}`} data-direction={line.direction}>
              <time>{line.at.slice(11, 23)}</time> <span class="dir">{line.direction === 'in' ? '←' : line.direction === 'out' ? '→' : '·'}</span> <code>{line.text}</code>
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}

function AttemptResult({ attempt }: { attempt: Attempt }) {
  const text = attempt.status === 'done' ? outcomeText(attempt.outcome ?? '') : attempt.status === 'refused' ? `refused: ${attempt.error}` : attempt.status === 'sending' ? 'sending…' : 'accepted, waiting for the result…';
  const tone = attempt.outcome === 'captured' ? 'ok' : attempt.status === 'done' || attempt.status === 'refused' ? 'bad' : 'pending';
  return (
    <div class={`capture-result ${tone}`} data-testid="capture-result" data-attempt={attempt.attemptId} data-status={attempt.status} data-outcome={attempt.outcome ?? ''}>
      {text}
    </div>
  );
}

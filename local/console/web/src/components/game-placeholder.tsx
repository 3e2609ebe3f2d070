/** The place of the game (issue 15 §3: sign in with the local user pool, capture live over the public APIs). */
export function GamePlaceholder() {
  return (
    <section class="card empty-state" data-testid="game">
      <h2>The game</h2>
      <p class="muted">
        Playing Fakémon GO in the browser arrives here once players sign in with the local Cognito user pool: wild fakémon appearing live, capture with one
        click, the world changing as others capture, all through the public REST and WebSocket APIs with the player's token.
      </p>
    </section>
  );
}

/** Path-based routes below the console (`/_local/console/<route>`), with the History API. */
import { useEffect, useState } from 'preact/hooks';
import { CONSOLE_PATH } from '../../shared/api';

export const ROUTES = ['architecture', 'dead-letters', 'schedules', 'tables', 'mailbox', 'game'] as const;
export type Route = (typeof ROUTES)[number];

function current(): Route {
  const rest = location.pathname.startsWith(CONSOLE_PATH) ? location.pathname.slice(CONSOLE_PATH.length).replace(/^\/|\/$/g, '') : '';
  return (ROUTES as readonly string[]).includes(rest) ? (rest as Route) : 'architecture';
}

export const hrefOf = (route: Route): string => `${CONSOLE_PATH}/${route === 'architecture' ? '' : route}`;

export function navigate(route: Route): void {
  history.pushState(null, '', hrefOf(route));
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = (): void => setRoute(current());
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return route;
}

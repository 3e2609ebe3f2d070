/**
 * The player's neighbourhood drawn to scale: the watched H3 cells (the player's own highlighted), the player, and
 * the fakémon heard of, by position. A click on a wild fakémon captures it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Position } from './game-session';
import type { KnownFakemon } from './world';

const WIDTH = 640;
const PADDING = 16;

export interface NeighbourhoodMapProps {
  readonly position: Position;
  readonly cell?: string;
  readonly cells: readonly string[];
  readonly fakemon: readonly KnownFakemon[];
  readonly onCapture: (fakemon: string) => void;
}

type H3 = typeof import('h3-js');
// H3 (about 200 KB) is loaded with the map, not with the rest of the console.
let loading: Promise<H3> | undefined;

function useH3(): H3 | undefined {
  const [h3, setH3] = useState<H3>();
  useEffect(() => {
    loading ??= import('h3-js');
    void loading.then((module) => setH3(module));
  }, []);
  return h3;
}

export function NeighbourhoodMap({ position, cell, cells, fakemon, onCapture }: NeighbourhoodMapProps) {
  const h3 = useH3();
  const hexes = h3 ? cells.map((c) => ({ cell: c, points: h3.cellToBoundary(c) as Array<[number, number]> })) : [];
  const lats = [position.lat, ...hexes.flatMap((h) => h.points.map((p) => p[0]))];
  const lngs = [position.lng, ...hexes.flatMap((h) => h.points.map((p) => p[1]))];
  const south = Math.min(...lats);
  const north = Math.max(...lats);
  const west = Math.min(...lngs);
  const east = Math.max(...lngs);
  // Equirectangular around the middle latitude: a degree of longitude is cos(lat) of a degree of latitude there.
  const xScale = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * xScale, 1e-6);
  const spanY = Math.max(north - south, 1e-6);
  const scale = (WIDTH - 2 * PADDING) / spanX;
  const height = Math.round(spanY * scale + 2 * PADDING);
  const x = (lng: number): number => PADDING + (lng - west) * xScale * scale;
  const y = (lat: number): number => PADDING + (north - lat) * scale;
  const located = fakemon.filter((f) => f.lat !== undefined && f.lng !== undefined);

  return (
    <svg class="game-map" data-testid="game-map" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="Your neighbourhood">
      {hexes.map((h) => (
        <polygon
          key={h.cell}
          class={h.cell === cell ? 'cell own' : 'cell'}
          data-cell={h.cell}
          points={h.points.map(([lat, lng]) => `${x(lng).toFixed(1)},${y(lat).toFixed(1)}`).join(' ')}
        />
      ))}
      <g class="player-marker" transform={`translate(${x(position.lng).toFixed(1)},${y(position.lat).toFixed(1)})`}>
        <circle r="7" />
        <text y="-11">you</text>
      </g>
      {located.map((f) => (
        <g
          key={f.id}
          class={`fakemon-marker ${f.state}`}
          data-testid="fakemon-marker"
          data-fakemon={f.id}
          data-state={f.state}
          transform={`translate(${x(f.lng as number).toFixed(1)},${y(f.lat as number).toFixed(1)})`}
          onClick={() => f.state === 'wild' && onCapture(f.id)}
        >
          <title>{`${f.species ?? f.id} (${f.state})`}</title>
          <circle r="9" />
          <text y="22">{f.species ?? f.id}</text>
        </g>
      ))}
    </svg>
  );
}

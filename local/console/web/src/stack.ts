/** The stack the console runs (fetched once). */
import { useEffect, useState } from 'preact/hooks';
import type { StackInfo } from '../../shared/api';
import { getJson } from './api';

let cached: Promise<StackInfo> | undefined;

export function useStack(): StackInfo | undefined {
  const [stack, setStack] = useState<StackInfo>();
  useEffect(() => {
    cached ??= getJson<StackInfo>('stack');
    void cached.then(setStack);
  }, []);
  return stack;
}

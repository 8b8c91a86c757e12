'use client';
// The current time, refreshed every `everyMs` while `isActive` (e.g. a reconnect countdown).
import { useEffect, useState } from 'react';

export function useNow(isActive: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!isActive) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [isActive, everyMs]);
  return now;
}

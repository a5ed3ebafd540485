// The one place the console and the wizard read the keyboard: Ink's raw input events (after its parser
// split a chunk at escape sequences) go through decodeKeys, never through useInput's (input, key) pair.
import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import { decodeKeys } from './keys.js';

export function useKeys(onKey: (name: string) => void): void {
  const { internal_eventEmitter: events, setRawMode } = useStdin();
  const handler = useRef(onKey);
  handler.current = onKey;
  useEffect(() => {
    setRawMode(true);
    return () => {
      setRawMode(false);
    };
  }, [setRawMode]);
  useEffect(() => {
    const onInput = (raw: string) => {
      for (const name of decodeKeys(raw)) handler.current(name);
    };
    events.on('input', onInput);
    return () => {
      events.removeListener('input', onInput);
    };
  }, [events]);
}

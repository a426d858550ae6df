import { useCallback, useState } from 'react';

/**
 * Open state and subject of a modal or drawer. Closing keeps the subject, so the dialog does not go blank while its
 * closing animation runs; the next `show` replaces it.
 */
export function useDialog<T>() {
  const [state, setState] = useState<{ open: boolean; data?: T }>({ open: false });
  const show = useCallback((data: T) => setState({ open: true, data }), []);
  const hide = useCallback(() => setState((s) => ({ ...s, open: false })), []);
  return { open: state.open, data: state.data, show, hide };
}

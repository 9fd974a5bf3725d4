import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { QUEUED_OFFLINE, toFriendlyError } from '../api/errors';

export interface Toast {
  id: number;
  kind: 'info' | 'error' | 'success';
  message: string;
}

let nextId = 1;
export const uiSlice = createSlice({
  name: 'ui',
  initialState: {
    toasts: [] as Toast[],
    cartOpen: false,
    /** Cart changes the service worker holds until online. */ pendingCartChanges: 0,
  },
  reducers: {
    toast: {
      reducer: (state, action: PayloadAction<Toast>) => {
        state.toasts.push(action.payload);
      },
      prepare: (kind: Toast['kind'], message: string) => ({ payload: { id: nextId++, kind, message } }),
    },
    dismiss: (state, action: PayloadAction<number>) => {
      state.toasts = state.toasts.filter((t) => t.id !== action.payload);
    },
    setCartOpen: (state, action: PayloadAction<boolean>) => {
      state.cartOpen = action.payload;
    },
    setPendingCartChanges: (state, action: PayloadAction<number>) => {
      state.pendingCartChanges = action.payload;
    },
  },
});
export const { toast, dismiss, setCartOpen, setPendingCartChanges } = uiSlice.actions;

/** The toast for a failed action: a change queued offline is news, not an error. */
export function toastFor(error: unknown) {
  const friendly = toFriendlyError(error);
  return toast(friendly.code === QUEUED_OFFLINE ? 'info' : 'error', friendly.message);
}

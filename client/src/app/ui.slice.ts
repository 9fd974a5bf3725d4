import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export interface Toast {
  id: number;
  kind: 'info' | 'error' | 'success';
  message: string;
}

let nextId = 1;
export const uiSlice = createSlice({
  name: 'ui',
  initialState: { toasts: [] as Toast[], cartOpen: false },
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
  },
});
export const { toast, dismiss, setCartOpen } = uiSlice.actions;

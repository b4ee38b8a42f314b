'use client';
// The shell's header holds each page's own controls (a spinner, the model
// picker): a page renders them through <PageActions>, which portals them
// into the one header, so every page has the same header and navigation.
import { createContext, useContext, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export const HeaderSlot = createContext<HTMLElement | null>(null);

export function PageActions({ children }: { children?: ReactNode }) {
  const slot = useContext(HeaderSlot);
  // Before the header has mounted (the server render, the first client pass) there is nowhere to put them yet.
  return slot && children ? createPortal(children, slot) : null;
}

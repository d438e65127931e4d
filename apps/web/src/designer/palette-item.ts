import { STEP_KINDS } from '@shuping/engine';
import type { PaletteItem } from './graph/step-defaults';

/** Drag-and-drop type of palette items. */
export const PALETTE_MIME = 'application/x-shuping-step';

const ITEMS: readonly string[] = [...STEP_KINDS, 'parallel', 'compound'];

export function isPaletteItem(value: string): value is PaletteItem {
  return ITEMS.includes(value);
}

// Channel colours: 16 that stay apart at 16 channels, the same channel the same colour in every plot.
// Chosen by a max-min search in OKLab over colours with >= 3:1 contrast against both themes' panels
// and page backgrounds (colours.test.ts checks all of it): every pair differs by >= 0.08 in OKLab
// (about 8 just-noticeable steps), and by >= 0.05 as a deuteranope or protanope sees them (Machado
// 2009). The first 8 are the most distinct among themselves, for 8-channel devices. Channels 9-16
// also get a dashed line where lines overlap (the spectrum), so colour is never the only cue there.
const PALETTE = [
  '#3e89d7',
  '#df2414',
  '#31847b',
  '#445bfe',
  '#cb7e19',
  '#f74ca1',
  '#c91fae',
  '#50a252',
  '#a75b57',
  '#928ab2',
  '#7a61be',
  '#847ffc',
  '#6e7604',
  '#ba03e1',
  '#d056dc',
  '#c94f7c',
];

/** Colour of channel `index` (0-based); repeats after 16, where channelDash tells them apart. */
export function channelColour(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/** Canvas/uPlot dash pattern (px) for channel `index`: solid for the first 8, dashed for the next 8, dotted after. */
export function channelDash(index: number): number[] {
  const group = Math.floor(index / 8) % 3;
  return group === 0 ? [] : group === 1 ? [6, 3] : [2, 2];
}

export const CHANNEL_PALETTE: readonly string[] = PALETTE;

export const bandColours: Record<string, string> = { delta: '#8c8cff', theta: '#00b5b8', alpha: '#3fbf7f', beta: '#e0b000', gamma: '#ff5c8a' };

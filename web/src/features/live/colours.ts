// Channel colours: distinct, readable on both themes (each >= 3:1 against the dark and light panels).
const PALETTE = ['#4aa8ff', '#ff7f50', '#3fbf7f', '#d970d9', '#e0b000', '#00b5b8', '#ff5c8a', '#8c8cff'];

export function channelColour(index: number): string {
  return PALETTE[index % PALETTE.length];
}

export const bandColours: Record<string, string> = { delta: '#8c8cff', theta: '#00b5b8', alpha: '#3fbf7f', beta: '#e0b000', gamma: '#ff5c8a' };

// The circuit files card's words: why the files are where they are, and what to do when they are
// not usable, for each place they can come from.
import type { CircuitFilesDto } from '../../../src-main/api/dto';

type Origin = CircuitFilesDto['origin'];

/** Why this folder. */
export const circuitOrigins: Record<Origin, string> = {
  'circuit-dir': 'Given with --circuit-dir on the command line.',
  settings: 'The folder saved below.',
  'data-folder': "Found by the marketplace's zkeyHash in the data folder; downloaded there when missing.",
  devnet: 'The devnet circuit this build ships; the devnet verifies its proofs.',
};

/** What to do when the files there cannot be used. */
export const circuitAdvice: Record<Origin, string> = {
  'circuit-dir':
    'Put the three files from the same setup in that folder and start again, or start without --circuit-dir to have them found by zkeyHash.',
  settings:
    'Put the three files from the same setup in that folder and restart, save another folder below, or go back to finding them by zkeyHash.',
  'data-folder':
    'Slotkeeper tries the download again by itself. If this host cannot reach the download, copy the files onto it and save their folder below.',
  devnet: 'The build is incomplete: run npm run build again, or save a folder of your own below.',
};

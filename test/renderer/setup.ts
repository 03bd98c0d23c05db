// Unmounts whatever a renderer test mounted, so tests never see each other's DOM.
import { cleanup } from '@testing-library/svelte';
import { afterEach } from 'vitest';

afterEach(() => cleanup());

// Bootstrap: choose the backend once, build the state over it, mount the app with that state.
import { mount } from 'svelte';
import App from './App.svelte';
import { createBackend } from './backend';
import { createAppState } from './state/context';
import './styles/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
const { context } = createAppState(createBackend());
mount(App, { target, context });

import { mount } from 'svelte';
import App from './App.svelte';
import { connect, type PreloadApi } from './lib/api-client';
import { takeToken } from './lib/token';
import { applyTheme, rememberedTheme } from './lib/theme';
import './app.css';

// Apply the last theme before the first paint, so a light-theme user does not see a dark flash.
applyTheme(rememberedTheme(localStorage));

const preload = (window as unknown as { hark?: PreloadApi }).hark;
const client = connect({ hark: preload, location: window.location }, preload ? null : takeToken(window));

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { client } });

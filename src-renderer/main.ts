import { mount } from 'svelte';
import App from './App.svelte';
import { connect, type PreloadBridge } from './lib/api-client';
import { takeToken } from './lib/token';
import { applyTheme, rememberedTheme } from './lib/theme';
import './app.css';

// Apply the last theme before the first paint, so a light-theme user does not see a dark flash.
applyTheme(rememberedTheme(localStorage));

const bridge = (window as unknown as { hark?: PreloadBridge }).hark;
const client = connect({ hark: bridge, location: window.location }, bridge ? null : takeToken(window));

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { client } });

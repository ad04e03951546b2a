// Replaced at build time by the bundler from package.json; the fallback covers running from sources.
declare const __HARK_VERSION__: string | undefined;
export const VERSION: string = typeof __HARK_VERSION__ === 'string' ? __HARK_VERSION__ : '0.0.0-dev';

// esbuild bundles CSS imported by the client into dist/assets/dashboard.css.
declare module '*.css';

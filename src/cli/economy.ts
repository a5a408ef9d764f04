export { registerEconomy } from './economy/index.ts';

// The point-in-time reads live in the application layer (src/app/pointInTime.ts); the commands import them from here.
export { laterVintagesNote, loadForModel, parseAsOf, readForModel, required, type PointInTime } from '../app/pointInTime.ts';

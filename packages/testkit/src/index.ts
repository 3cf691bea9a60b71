export { uniqueName } from './names.js';
export { waitFor } from './wait-for.js';

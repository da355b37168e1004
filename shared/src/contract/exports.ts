/** Response schemas of the exports module's routes (building blocks in ./common.ts). */
export {};

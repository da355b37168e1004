/** Response schemas of the records module's routes (building blocks in ./common.ts). */
export {};

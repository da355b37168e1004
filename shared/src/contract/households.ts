/** Response schemas of the households module's routes (building blocks in ./common.ts). */
export {};

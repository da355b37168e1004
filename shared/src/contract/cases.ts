/** Response schemas of the cases module's routes (building blocks in ./common.ts). */
export {};

/** Response schemas of the merchants module's routes (building blocks in ./common.ts). */
export {};

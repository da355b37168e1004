/** Response schemas of the products module's routes (building blocks in ./common.ts). */
export {};

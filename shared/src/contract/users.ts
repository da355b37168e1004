/** Response schemas of the users module's routes (building blocks in ./common.ts). */
export {};

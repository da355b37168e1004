/** Response schemas of the board module's routes (building blocks in ./common.ts). */
export {};

/** Response schemas of the challenges module's routes (building blocks in ./common.ts). */
export {};

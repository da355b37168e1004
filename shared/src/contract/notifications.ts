/** Response schemas of the notifications module's routes (building blocks in ./common.ts). */
export {};

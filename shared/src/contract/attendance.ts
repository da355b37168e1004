/** Response schemas of the attendance module's routes (building blocks in ./common.ts). */
export {};

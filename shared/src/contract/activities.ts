/** Response schemas of the activities module's routes (building blocks in ./common.ts). */
export {};

/**
 * Keeps a list from going back in time: a load that started before a newer load — or before the
 * person's own change (enrolling, cancelling) — must not overwrite what is on screen when it answers
 * late (a slow network, a busy server). Each load takes a ticket; only the newest ticket's answer is
 * applied, and a change applied by hand retires every ticket taken before it.
 */
export function createLatest() {
  let newest = 0;
  return {
    /** A ticket for a load about to start. */
    begin(): number {
      newest += 1;
      return newest;
    },
    /** Whether a load's answer may still be shown. */
    isCurrent(ticket: number): boolean {
      return ticket === newest;
    },
    /** A change was applied on screen: loads already under way answer with older data. */
    retire(): void {
      newest += 1;
    },
  };
}

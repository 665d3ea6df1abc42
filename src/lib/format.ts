/** Counts in the user's locale ("10,000"). */
export const number = new Intl.NumberFormat();

/** "1 subscription", "1,000 subscriptions". */
export const plural = (count: number, one: string, many = `${one}s`) => `${number.format(count)} ${count === 1 ? one : many}`;

/** Discord's epoch (2015-01-01): snowflakes count milliseconds from it. */
const discordEpoch = 1_420_070_400_000n;
let sequence = 0n;

/**
 * A fresh, realistic 18–19 digit snowflake. discord.js' REST layer recognises ids by their
 * length (17–19 digits) when it buckets routes, so short fake ids would change its behaviour.
 */
export function snowflake(): string {
  sequence = (sequence + 1n) % 4096n;
  return (((BigInt(Date.now()) - discordEpoch) << 22n) | sequence).toString();
}

/** Which shard Discord routes a guild's events to (documented formula). */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A guild id whose events Discord would send to the given shard. */
export function guildIdForShard(shardId: number, shardCount: number): string {
  let id = snowflake();
  while (shardOfGuild(id, shardCount) !== shardId) id = snowflake();
  return id;
}

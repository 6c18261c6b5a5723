import { PermissionFlagsBits, type BaseInteraction } from 'discord.js';

/**
 * Whether the member may run moderator commands: Manage Server, or one of the configured
 * moderator roles. Checked when the command runs, because `default_member_permissions` only
 * hides a command in the picker and server admins can override it per role or channel. Buttons of a
 * moderator's private reply are checked again (they carry no permission of their own).
 */
export function isModerator(interaction: BaseInteraction, moderatorRoleIds: readonly string[]): boolean {
  if (!interaction.inGuild()) return false;
  try {
    if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return true;
    const roles = interaction.member.roles;
    const roleIds = Array.isArray(roles) ? roles : [...roles.cache.keys()];
    return roleIds.some((id) => moderatorRoleIds.includes(id));
  } catch {
    // A malformed member (permissions that are not a number, roles that are not a list): no moderator.
    return false;
  }
}

/** The roles by their Norwegian names (no imports: used by the server, the pages and the command line). */
export const ROLE_TEXT: Record<string, string> = {
  reader: 'leser',
  editor: 'redaktør',
  approver: 'godkjenner',
  admin: 'administrator',
};

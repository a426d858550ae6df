import type { RoleTemplateKey } from '../../../shared/permissions.ts';
import type { ApiClient } from './demo.api.ts';
import { person, type Rng } from './demo.vocab.ts';

/**
 * A sales organisation built through the API as an administrator would: departments, a position hierarchy and its
 * people with preset roles. Superiors see what their subordinates own through the position tree.
 */
export interface TeamNode {
  department: string;
  /** The department this one sits under (by name); none for a top-level department. */
  parentDepartment?: string;
  position: string;
  role: RoleTemplateKey;
  /** How many people hold the position. */
  people: number;
  /** Title shown to the person running the demo: 销售代表. */
  title: string;
  children?: TeamNode[];
}

export interface TeamMember {
  id: string;
  username: string;
  name: string;
  title: string;
  role: RoleTemplateKey;
  /** Ids of the superiors' users, nearest first. */
  superiors: string[];
  /** Users below this one in the position tree. */
  subordinates: string[];
}

interface Role {
  id: string;
  templateKey: string | null;
}

export async function buildTeam(admin: ApiClient, roots: TeamNode[], opts: { rng: Rng; password: string; emailDomain: string }): Promise<TeamMember[]> {
  const roles = (await admin.get<{ items: Role[] }>('/api/v1/roles')).items;
  const roleId = (key: RoleTemplateKey) => roles.find((r) => r.templateKey === key)!.id;
  const departments = new Map<string, string>();
  const usernames = new Set<string>(['admin']);
  const members: TeamMember[] = [];

  const department = async (name: string, parent?: string) => {
    if (!departments.has(name)) {
      const d = await admin.post<{ id: string }>('/api/v1/departments', { name, parentId: parent ? departments.get(parent) : undefined, sort: departments.size * 10 });
      departments.set(name, d.id);
    }
    return departments.get(name)!;
  };

  const visit = async (node: TeamNode, parentPositionId: string | undefined, superiors: TeamMember[]): Promise<TeamMember[]> => {
    if (node.parentDepartment) await department(node.parentDepartment);
    const departmentId = await department(node.department, node.parentDepartment);
    const position = await admin.post<{ id: string }>('/api/v1/positions', { name: node.position, departmentId, parentId: parentPositionId });
    const holders: TeamMember[] = [];
    for (let i = 0; i < node.people; i++) {
      const p = person(opts.rng);
      let username = p.latin;
      for (let n = 2; usernames.has(username); n++) username = `${p.latin}${n}`;
      usernames.add(username);
      const user = await admin.post<{ id: string }>('/api/v1/users', {
        username,
        name: p.name,
        email: `${username}@${opts.emailDomain}`,
        password: opts.password,
        confirmPassword: opts.password,
        departmentId,
        positionIds: [position.id],
        roleIds: [roleId(node.role)],
      });
      const member: TeamMember = { id: user.id, username, name: p.name, title: node.title, role: node.role, superiors: superiors.map((s) => s.id), subordinates: [] };
      holders.push(member);
      members.push(member);
    }
    const below: TeamMember[] = [];
    for (const child of node.children ?? []) {
      // Each holder of this position is the superior of everyone below it; the nearest superior is the first.
      below.push(...(await visit(child, position.id, [...holders, ...superiors])));
    }
    for (const h of holders) h.subordinates = below.map((b) => b.id);
    return [...holders, ...below];
  };

  for (const root of roots) await visit(root, undefined, []);
  return members;
}

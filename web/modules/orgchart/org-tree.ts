interface FlatNode {
  id: string;
  parentId: string | null;
  name: string;
  sort: number;
}

export interface OrgTreeNode<T> {
  item: T;
  children: OrgTreeNode<T>[];
}

const bySortThenName = (a: FlatNode, b: FlatNode) => a.sort - b.sort || a.name.localeCompare(b.name, 'zh-CN');

/**
 * Builds a forest from a flat list by `parentId`, siblings ordered by `sort`. A node whose parent is not in the list
 * becomes a root, so a filtered list (one department's positions, whose superior may sit elsewhere) keeps every node.
 */
export function buildTree<T extends FlatNode>(items: readonly T[]): OrgTreeNode<T>[] {
  const ids = new Set(items.map((i) => i.id));
  const children = new Map<string | null, T[]>();
  for (const item of items) {
    const parent = item.parentId && ids.has(item.parentId) ? item.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), item]);
  }
  const build = (parent: string | null): OrgTreeNode<T>[] =>
    [...(children.get(parent) ?? [])].sort(bySortThenName).map((item) => ({ item, children: build(item.id) }));
  return build(null);
}

/** The node and everything below it: the places a node cannot be moved to. */
export function subtreeIds<T extends FlatNode>(items: readonly T[], id: string): Set<string> {
  const result = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const item of items) {
      if (item.parentId && result.has(item.parentId) && !result.has(item.id)) {
        result.add(item.id);
        grew = true;
      }
    }
  }
  return result;
}

export function mapTree<T, R>(nodes: OrgTreeNode<T>[], fn: (item: T, children: R[]) => R): R[] {
  return nodes.map((n) => fn(n.item, mapTree(n.children, fn)));
}

/** The next free sort value among siblings, so a new node lands at the end of its level. */
export function nextSort<T extends FlatNode>(items: readonly T[], parentId: string | null): number {
  const siblings = items.filter((i) => i.parentId === parentId);
  return siblings.length ? Math.max(...siblings.map((s) => s.sort)) + 10 : 0;
}

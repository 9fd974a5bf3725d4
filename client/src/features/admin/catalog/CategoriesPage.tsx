import type { AdminCategory } from '@bazaar/shared';
import { useState } from 'react';
import { useAdminCategoriesQuery, useCreateCategoryMutation, useDeleteCategoryMutation, useUpdateCategoryMutation } from '../admin.api';
import { Field, PageHeader, useAction } from '../ui';

export interface TreeNode extends AdminCategory {
  depth: number;
}

/** The flat list as the tree reads top to bottom (children under their parent, by sort order). */
export function flattenTree(categories: AdminCategory[]): TreeNode[] {
  const children = new Map<string | null, AdminCategory[]>();
  for (const c of categories) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const out: TreeNode[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const c of (children.get(parent) ?? []).sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name))) {
      out.push({ ...c, depth });
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** A category cannot move under itself or one of its descendants. */
export function descendantsOf(categories: AdminCategory[], id: string): Set<string> {
  const found = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of categories) {
      if (c.parentId && found.has(c.parentId) && !found.has(c.id)) {
        found.add(c.id);
        grew = true;
      }
    }
  }
  return found;
}

export default function CategoriesPage() {
  const { data: categories = [] } = useAdminCategoriesQuery();
  const [create] = useCreateCategoryMutation();
  const act = useAction();
  const tree = flattenTree(categories);
  return (
    <>
      <PageHeader title="Categories" />
      <form
        className="mb-6 flex flex-wrap items-end gap-3"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const data = new FormData(form);
          const parentId = String(data.get('parentId')) || null;
          if (await act(() => create({ name: String(data.get('name')), parentId }).unwrap(), 'Category created')) form.reset();
        }}
      >
        <Field label="New category">
          <input name="name" required maxLength={120} className="input w-64" />
        </Field>
        <Field label="Under">
          <select name="parentId" className="input w-64">
            <option value="">(top level)</option>
            {tree.map((c) => (
              <option key={c.id} value={c.id}>
                {'— '.repeat(c.depth)}
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="btn-primary">
          Add
        </button>
      </form>
      <ul role="tree" aria-label="Category tree" className="divide-y rounded border">
        {tree.map((c) => (
          <CategoryRow key={c.id} node={c} all={categories} tree={tree} />
        ))}
      </ul>
    </>
  );
}

function CategoryRow({ node, all, tree }: { node: TreeNode; all: AdminCategory[]; tree: TreeNode[] }) {
  const [name, setName] = useState(node.name);
  const [update] = useUpdateCategoryMutation();
  const [remove] = useDeleteCategoryMutation();
  const act = useAction();
  const blocked = descendantsOf(all, node.id);
  const siblings = tree.filter((c) => c.parentId === node.parentId);
  const index = siblings.findIndex((c) => c.id === node.id);
  // Moving up or down swaps sort orders with the neighbour (ties get distinct values first).
  const swap = async (other: TreeNode | undefined) => {
    if (!other) return;
    const mine = node.sortOrder === other.sortOrder ? index * 10 : node.sortOrder;
    const theirs = node.sortOrder === other.sortOrder ? siblings.indexOf(other) * 10 : other.sortOrder;
    await act(async () => {
      await update({ id: node.id, changes: { sortOrder: theirs } }).unwrap();
      await update({ id: other.id, changes: { sortOrder: mine } }).unwrap();
    });
  };
  return (
    <li
      role="treeitem"
      aria-level={node.depth + 1}
      aria-selected={false}
      className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm"
      style={{ paddingLeft: `${0.75 + node.depth * 1.5}rem` }}
    >
      <input
        aria-label={`Name of ${node.name}`}
        className="input w-56"
        value={name}
        onChange={(e) => setName(e.target.value)}
        onBlur={() =>
          name.trim() && name !== node.name && act(() => update({ id: node.id, changes: { name: name.trim() } }).unwrap(), 'Renamed')
        }
      />
      <span className="text-xs text-gray-500">/c/{node.slug}</span>
      <select
        aria-label={`Parent of ${node.name}`}
        className="input ml-auto w-48"
        value={node.parentId ?? ''}
        onChange={(e) => act(() => update({ id: node.id, changes: { parentId: e.target.value || null } }).unwrap(), 'Moved')}
      >
        <option value="">(top level)</option>
        {tree
          .filter((c) => !blocked.has(c.id))
          .map((c) => (
            <option key={c.id} value={c.id}>
              {'— '.repeat(c.depth)}
              {c.name}
            </option>
          ))}
      </select>
      <button
        type="button"
        className="btn px-2"
        aria-label={`Move ${node.name} up`}
        disabled={index === 0}
        onClick={() => swap(siblings[index - 1])}
      >
        ↑
      </button>
      <button
        type="button"
        className="btn px-2"
        aria-label={`Move ${node.name} down`}
        disabled={index === siblings.length - 1}
        onClick={() => swap(siblings[index + 1])}
      >
        ↓
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => window.confirm(`Delete ${node.name}?`) && act(() => remove(node.id).unwrap(), 'Category deleted')}
      >
        Delete
      </button>
    </li>
  );
}

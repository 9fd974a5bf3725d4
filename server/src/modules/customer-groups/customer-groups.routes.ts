import {
  CustomerGroup,
  CustomerGroupInput,
  CustomerGroupUpdate,
  GroupMember,
  GroupMemberInput,
  GroupMemberParams,
  IdParams,
  PriceList,
  PriceListInput,
  PriceListPrices,
  PriceListUpdate,
  itemList,
} from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import type { CustomerGroupsService } from './customer-groups.service';

/** Customer groups, their members and price lists, for staff with `settings:write`. */
export function registerCustomerGroupRoutes(api: ApiRegistry, groups: CustomerGroupsService): void {
  const tags = ['admin: customer groups and price lists'];
  const permission = 'settings:write' as const;

  api.route({
    method: 'get',
    path: '/admin/customer-groups',
    summary: 'Customer groups with their member counts',
    tags,
    permission,
    response: itemList(CustomerGroup),
    handler: async () => ({ items: await groups.groups() }),
  });
  api.route({
    method: 'post',
    path: '/admin/customer-groups',
    summary: 'Create a customer group',
    tags,
    permission,
    request: { body: CustomerGroupInput },
    response: CustomerGroup,
    status: 201,
    handler: ({ body }) => groups.createGroup(body),
  });
  api.route({
    method: 'patch',
    path: '/admin/customer-groups/:id',
    summary: 'Rename or describe a group',
    tags,
    permission,
    request: { params: IdParams, body: CustomerGroupUpdate },
    response: CustomerGroup,
    handler: ({ params, body }) => groups.updateGroup(params.id, body),
  });
  api.route({
    method: 'delete',
    path: '/admin/customer-groups/:id',
    summary: 'Delete a group (its members leave it; its price lists go)',
    tags,
    permission,
    request: { params: IdParams },
    status: 204,
    handler: ({ params }) => groups.removeGroup(params.id),
  });
  api.route({
    method: 'get',
    path: '/admin/customer-groups/:id/members',
    summary: "A group's members",
    tags,
    permission,
    request: { params: IdParams },
    response: itemList(GroupMember),
    handler: async ({ params }) => ({ items: await groups.members(params.id) }),
  });
  api.route({
    method: 'post',
    path: '/admin/customer-groups/:id/members',
    summary: 'Add a customer to a group (by account id or e-mail address)',
    tags,
    permission,
    request: { params: IdParams, body: GroupMemberInput },
    response: itemList(GroupMember),
    status: 200,
    handler: async ({ params, body }) => ({ items: await groups.addMember(params.id, body) }),
  });
  api.route({
    method: 'delete',
    path: '/admin/customer-groups/:id/members/:userId',
    summary: 'Take a customer out of a group',
    tags,
    permission,
    request: { params: GroupMemberParams },
    status: 204,
    handler: ({ params }) => groups.removeMember(params.id, params.userId),
  });

  api.route({
    method: 'get',
    path: '/admin/price-lists',
    summary: 'Price lists',
    tags,
    permission,
    response: itemList(PriceList),
    handler: async () => ({ items: await groups.priceLists() }),
  });
  api.route({
    method: 'post',
    path: '/admin/price-lists',
    summary: 'Create a price list for a group (and optionally a market)',
    tags,
    permission,
    request: { body: PriceListInput },
    response: PriceList,
    status: 201,
    handler: ({ body }) => groups.createPriceList(body),
  });
  api.route({
    method: 'patch',
    path: '/admin/price-lists/:id',
    summary: 'Change a price list',
    tags,
    permission,
    request: { params: IdParams, body: PriceListUpdate },
    response: PriceList,
    handler: ({ params, body }) => groups.updatePriceList(params.id, body),
  });
  api.route({
    method: 'delete',
    path: '/admin/price-lists/:id',
    summary: 'Delete a price list',
    tags,
    permission,
    request: { params: IdParams },
    status: 204,
    handler: ({ params }) => groups.removePriceList(params.id),
  });
  api.route({
    method: 'get',
    path: '/admin/price-lists/:id/prices',
    summary: "A price list's explicit prices",
    tags,
    permission,
    request: { params: IdParams },
    response: PriceListPrices,
    handler: async ({ params }) => ({ items: await groups.prices(params.id) }),
  });
  api.route({
    method: 'put',
    path: '/admin/price-lists/:id/prices',
    summary: "Replace a price list's explicit prices (per variant and currency)",
    tags,
    permission,
    request: { params: IdParams, body: PriceListPrices },
    response: PriceListPrices,
    handler: async ({ params, body }) => ({ items: await groups.setPrices(params.id, body.items) }),
  });
}

'use client';
// The account queries, enabled once the socket's hello says this page has a session.
import { useQuery } from '@tanstack/react-query';
import { useConnection } from '@/components/market-data/use-connection.ts';
import { accountQuery, fillsQuery, ordersQuery, positionsQuery } from './account-queries.ts';

export function useAccount() {
  return useQuery({ ...accountQuery, enabled: useConnection().isAuthenticated });
}

export function useOrders() {
  return useQuery({ ...ordersQuery, enabled: useConnection().isAuthenticated });
}

export function useFills() {
  return useQuery({ ...fillsQuery, enabled: useConnection().isAuthenticated });
}

export function usePositions() {
  return useQuery({ ...positionsQuery, enabled: useConnection().isAuthenticated });
}

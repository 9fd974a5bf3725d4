import { useState } from 'react';
import { Link } from 'react-router';
import { useCustomersQuery } from '../admin.api';
import { Field, useCan } from '../ui';

interface CustomerFieldProps {
  email: string;
  customerId: string;
  error?: string;
  onChange: (customer: { email: string; customerId: string }) => void;
}

/**
 * Who the draft is for: an email, and optionally the customer's account (found by email or name);
 * with an account the order shows in their history. Finding accounts needs customers:read.
 */
export function CustomerField({ email, customerId, error, onChange }: CustomerFieldProps) {
  const can = useCan();
  const [lookup, setLookup] = useState('');
  const { data: accounts } = useCustomersQuery({ q: lookup, role: 'customer', limit: 5 }, { skip: !lookup });
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Customer</legend>
      <div className="flex items-end gap-2">
        <Field label="Customer email" error={error}>
          <input
            type="email"
            className="input"
            value={email}
            onChange={(e) => onChange({ email: e.target.value, customerId })}
            aria-invalid={!!error}
          />
        </Field>
        {can('customers:read') && (
          <button type="button" className="btn" disabled={!email.trim()} onClick={() => setLookup(email.trim())}>
            Find account
          </button>
        )}
      </div>
      {customerId ? (
        <p className="text-sm" data-testid="linked-account">
          Linked to{' '}
          <Link className="underline" to={`/admin/customers/${customerId}`}>
            the customer’s account
          </Link>
          .{' '}
          <button type="button" className="underline" onClick={() => onChange({ email, customerId: '' })}>
            Unlink the account
          </button>
        </p>
      ) : (
        lookup &&
        accounts && (
          <ul aria-label="Accounts found" className="space-y-1 text-sm">
            {accounts.items.map((a) => (
              <li key={a.id}>
                <button
                  type="button"
                  className="underline"
                  onClick={() => {
                    onChange({ email: a.email, customerId: a.id });
                    setLookup('');
                  }}
                >
                  Use {a.email}
                </button>{' '}
                <span className="text-gray-600">{a.name}</span>
              </li>
            ))}
            {accounts.items.length === 0 && <li>No customer account matches “{lookup}”: the order is a guest’s.</li>}
          </ul>
        )
      )}
    </fieldset>
  );
}

import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSuggestQuery } from './search.api';

/** The header search: suggestions as the shopper types (debounced), keyboard-navigable. */
export function SearchBox() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  const [active, setActive] = useState(-1);
  const navigate = useNavigate();
  const listId = useId();
  useEffect(() => {
    const t = setTimeout(() => setDebounced(text.trim()), 150);
    return () => clearTimeout(t);
  }, [text]);
  const { data: suggestions = [] } = useSuggestQuery(debounced, { skip: debounced.length < 2 });
  const open = text.trim().length >= 2 && suggestions.length > 0;

  const go = (path: string) => {
    setText('');
    setActive(-1);
    navigate(path);
  };
  return (
    <form
      role="search"
      className="relative w-full max-w-md"
      onSubmit={(e) => {
        e.preventDefault();
        const chosen = suggestions[active];
        if (chosen) go(chosen.type === 'category' ? `/c/${chosen.slug}` : `/p/${chosen.slug}`);
        else if (text.trim()) go(`/search?q=${encodeURIComponent(text.trim())}`);
      }}
    >
      <label htmlFor="search" className="sr-only">
        {t('search.label')}
      </label>
      <input
        id="search"
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((i) => Math.min(suggestions.length - 1, i + 1));
          if (e.key === 'ArrowUp') setActive((i) => Math.max(-1, i - 1));
          if (e.key === 'Escape') setText('');
        }}
        placeholder={t('search.placeholder')}
        autoComplete="off"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        className="w-full rounded border border-gray-300 px-3 py-2"
      />
      {open && (
        <ul id={listId} role="listbox" className="absolute z-40 mt-1 w-full rounded border bg-white shadow">
          {suggestions.map((s, i) => (
            <li key={`${s.type}-${s.slug}`} id={`${listId}-${i}`} role="option" aria-selected={i === active}>
              <button
                type="button"
                onMouseDown={() => go(s.type === 'category' ? `/c/${s.slug}` : `/p/${s.slug}`)}
                className={`block w-full px-3 py-2 text-left text-sm ${i === active ? 'bg-gray-100' : ''}`}
              >
                {s.label} <span className="text-xs text-gray-500">{s.type === 'category' ? t('search.category') : ''}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

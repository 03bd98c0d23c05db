// Types shared by the table components.

/** One column of a VirtualTable. */
export interface Column {
  id: string;
  label: string;
  /** A CSS grid track: '8rem', 'minmax(6rem, 1fr)'. */
  width: string;
  sortable?: boolean;
  align?: 'start' | 'end';
}

/** The column a table is sorted by. */
export interface TableSort {
  key: string;
  direction: 'asc' | 'desc';
}

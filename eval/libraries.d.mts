export interface DevLibrary {
  id: string;
  title: string;
  dir: string;
  builder: string;
  queries: string;
  ood: string;
}
export const LIBRARIES: Record<'1' | '2', DevLibrary>;
export function chosenLibraries(args: string[]): DevLibrary[];

// Client-side routes. The marketplace, model, job and account pages are in the
// first load; the creator studio and arbiter console are loaded when visited.
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from '../components/ui.js';
import { AccountPage } from '../features/account/AccountPage.js';
import { MarketplacePage } from '../features/browse/MarketplacePage.js';
import { JobPage } from '../features/job/JobPage.js';
import { ModelPage } from '../features/model/ModelPage.js';

const StudioPage = lazy(() => import('../features/studio/StudioPage.js'));
const ArbiterPage = lazy(() => import('../features/arbiter/ArbiterPage.js'));

function NotFound() {
  return <h1 className="text-2xl font-semibold">Page not found</h1>;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading what="page" />}>
      <Routes>
        <Route path="/" element={<MarketplacePage />} />
        <Route path="/models/:address" element={<ModelPage />} />
        <Route path="/jobs/:address" element={<JobPage />} />
        <Route path="/account" element={<AccountPage />} />
        <Route path="/studio/*" element={<StudioPage />} />
        <Route path="/arbiter" element={<ArbiterPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Suspense>
  );
}

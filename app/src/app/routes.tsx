// Client-side routes. The marketplace is in the first load (it is where people
// land); every other page, the creator studio and arbiter console included, is
// loaded when visited.
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from '../components/ui.js';
import { MarketplacePage } from '../features/browse/MarketplacePage.js';

const ModelPage = lazy(() => import('../features/model/ModelPage.js'));
const JobPage = lazy(() => import('../features/job/JobPage.js'));
const AccountPage = lazy(() => import('../features/account/AccountPage.js'));
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

import { Link } from 'react-router';
import { ScreenHeading } from '../ui/screen-heading';

export function NotFoundScreen() {
  return (
    <>
      <ScreenHeading title="Page not found" />
      <p>
        There is no screen at this address. Go to <Link to="/conversations">Conversations</Link>, or pick a section from
        the navigation.
      </p>
    </>
  );
}

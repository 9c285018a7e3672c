// The out-of-line members of MockConnection: the key function that makes this file the one
// place where its vtable and mocked methods are compiled.

#include "lepton/mocks/mock_connection.h"

namespace lepton::mocks {

MockConnection::MockConnection() = default;
MockConnection::~MockConnection() = default;

}  // namespace lepton::mocks
